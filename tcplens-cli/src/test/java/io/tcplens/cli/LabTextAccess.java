package io.tcplens.cli;

import java.util.List;

/** Test access to the lab command's package-private text helpers. */
public final class LabTextAccess {
    private LabTextAccess() {}

    public static List<String> wrapZh(String text, int width) { return LabCommand.wrapZh(text, width); }
}
