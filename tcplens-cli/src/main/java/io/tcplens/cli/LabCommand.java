package io.tcplens.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "lab")
final class LabCommand implements Callable<Integer> {
    @Override
    public Integer call() { return 0; }
}
