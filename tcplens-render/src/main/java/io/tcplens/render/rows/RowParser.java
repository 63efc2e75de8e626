package io.tcplens.render.rows;

import io.tcplens.render.rows.Tables.Column;
import io.tcplens.render.rows.Tables.Table;
import io.tcplens.render.rows.Tables.Type;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON row ({@link io.tcplens.render.conns.ConnsJsonWriter}, {@link HttpJsonWriter}) parsed back
 * into its table's typed columns ({@link Tables}): VARCHAR → String, BIGINT → Long, DOUBLE →
 * Double, BOOLEAN → Boolean, TIMESTAMP → Long nanoseconds since the epoch, INT_LIST →
 * List&lt;Integer&gt;, STRING_LIST → List&lt;String&gt;, null where the row has null. The rows are
 * computed once, as JSON, and every store (DuckDB, Parquet, Spark) is filled from them, so a store
 * can never disagree with {@code --format json}.
 *
 * <p>One parser per thread; the array {@link #parse} returns is reused by the next call.
 */
public final class RowParser {
    private final Table table;
    private final Object[] values;
    private final boolean conns;

    public RowParser(Table table) {
        this.table = table;
        this.values = new Object[table.columns().size()];
        this.conns = table == Tables.CONNS;
    }

    public Table table() { return table; }

    /** The row in {@code line[off, off+len)} (one JSON object, UTF-8), as column values in the table's order. */
    public Object[] parse(byte[] line, int off, int len) {
        java.util.Arrays.fill(values, null);
        try (JsonParser p = HttpJsonWriter.JSON_LINES.createParser(ObjectReadContext.empty(), line, off, len)) {
            String[] path = new String[4];
            int depth = -1;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT -> depth++;
                    case END_OBJECT -> depth--;
                    case PROPERTY_NAME -> path[depth] = p.currentName();
                    case START_ARRAY -> {
                        List<Object> xs = new ArrayList<>();
                        JsonToken e;
                        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                            xs.add(e == JsonToken.VALUE_NUMBER_INT ? (Object) p.getIntValue() : p.getString());
                        }
                        set(key(path, depth), xs, null);
                    }
                    default -> set(key(path, depth), p, t);
                }
            }
        }
        if (conns) {
            // an analysis flag the connection never had is absent from its JSON row: 0, not unknown
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null && table.columns().get(i).name().startsWith("analysis_")) values[i] = 0L;
            }
        }
        return values;
    }

    private static String key(String[] path, int depth) {
        if (depth == 0) return path[0];
        StringBuilder b = new StringBuilder(path[0]);
        for (int i = 1; i <= depth; i++) b.append('_').append(path[i]);
        return Tables.flat(b.toString());
    }

    private void set(String key, Object listOrParser, JsonToken t) {
        Integer i = table.index().get(key);
        if (i == null && t == JsonToken.VALUE_NULL && hasColumnsUnder(key)) return;   // "http": null
        if (i == null) {
            throw new IllegalStateException(table.name() + ": the JSON row has a key '" + key + "' that has no column");
        }
        if (values[i] != null) return;   // http.requests repeats http_requests (the first, never null)
        if (t == null) {
            values[i] = listOrParser;
            return;
        }
        JsonParser p = (JsonParser) listOrParser;
        if (t == JsonToken.VALUE_NULL) return;
        Type type = table.columns().get(i).type();
        values[i] = switch (type) {
            case VARCHAR -> p.getString();
            case BIGINT -> p.getLongValue();
            case DOUBLE -> Double.parseDouble(p.getString());
            case BOOLEAN -> t == JsonToken.VALUE_TRUE;
            case TIMESTAMP -> {   // seconds with six decimals, exactly
                String s = p.getString();
                int dot = s.indexOf('.');
                long sec = Long.parseLong(dot < 0 ? s : s.substring(0, dot));
                long frac = dot < 0 ? 0 : Long.parseLong((s.substring(dot + 1) + "000000000").substring(0, 9));
                yield sec * 1_000_000_000L + (sec < 0 ? -frac : frac);
            }
            case INT_LIST, STRING_LIST -> throw new IllegalStateException(key + " is not a list");
        };
    }

    private boolean hasColumnsUnder(String key) {
        for (Column c : table.columns()) if (c.name().startsWith(key + "_")) return true;
        return false;
    }
}
