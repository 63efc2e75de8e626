package io.tcplens.spark;

import io.tcplens.render.rows.RowParser;
import io.tcplens.render.rows.Tables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code conns} and {@code http} tables as Spark rows: the columns of render's {@link Tables}
 * (the same names, order and types as {@code --format parquet} and {@code sql}), filled by parsing
 * the JSON row the core pipeline wrote ({@link RowParser}), so Spark's rows cannot disagree with
 * {@code conns --format json}. Timestamps are Spark TIMESTAMPs (microseconds, UTC).
 */
final class SparkTables {
    private SparkTables() { }

    static StructType schema(Tables.Table t) {
        List<StructField> fields = new ArrayList<>();
        for (Tables.Column c : t.columns()) fields.add(DataTypes.createStructField(c.name(), type(c.type()), true));
        return DataTypes.createStructType(fields);
    }

    private static DataType type(Tables.Type t) {
        return switch (t) {
            case VARCHAR -> DataTypes.StringType;
            case BIGINT -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case INT_LIST -> DataTypes.createArrayType(DataTypes.IntegerType, false);
            case STRING_LIST -> DataTypes.createArrayType(DataTypes.StringType, false);
        };
    }

    /** A JSON row (UTF-8 text) as a Spark row of {@code parser}'s table. */
    static Row row(RowParser parser, String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        Object[] v = parser.parse(b, 0, b.length);
        List<Tables.Column> cols = parser.table().columns();
        Object[] out = new Object[v.length];
        for (int i = 0; i < v.length; i++) {
            Object x = v[i];
            if (x != null && cols.get(i).type() == Tables.Type.TIMESTAMP) {
                long ns = (Long) x;
                x = java.sql.Timestamp.from(Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)));
            }
            out[i] = x;
        }
        return RowFactory.create(out);
    }
}
