package dev.fireball.config.tool;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is generated is what was validated: every constant of a board class equals the board's value,
 * whether it came from the board file, an override or a default; and sizes never wrap around.
 */
class GeneratedValuesPropertyTest
{
    @Property(tries = 200)
    void everyGeneratedConstantIsTheValidatedValue(@ForAll("overrides") final Map<String, Long> values)
    {
        final StringBuilder app = new StringBuilder();
        values.forEach((k, v) -> app.append(k).append('=').append(v).append('\n'));
        final Board b;
        try
        {
            b = Validator.validate("fuzz", ValidatorTest.board(ValidatorTest.FACTS.replace("SRAM_KB = 256",
                "SRAM_KB = 16384")), List.of(BoardFile.parse("app.properties", app.toString())));
        }
        catch (final ConfigException e)
        {
            net.jqwik.api.statistics.Statistics.collect("rejected");
            return; // inconsistent or over budget: nothing is generated (ConfigToolTest checks that)
        }
        net.jqwik.api.statistics.Statistics.collect("generated");
        final String source = JavaGenerator.boardClass(b);
        for (final Key k : Schema.keys())
        {
            final long v = values.containsKey(k.name()) ? values.get(k.name()) : b.get(k.name());
            assertEquals(v, b.get(k.name()), k.name());
            assertTrue(source.contains("public static final int " + k.name() + " = " + JavaGenerator.literal(v) + ";\n"),
                k.name() + " = " + v);
        }
        final Budget budget = Budget.of(b);
        assertTrue(source.contains("BUDGET_STATIC_BYTES = " + JavaGenerator.literal(budget.total()) + ";"));
        assertTrue(budget.total() <= budget.sramBytes());
    }

    @Example
    void theLargestValueOfEveryKeyIsOverBudgetNeverWrappedAround()
    {
        final StringBuilder text = new StringBuilder();
        for (final Key k : Schema.keys())
        {
            long v = k.max();
            if ("COROUTINE_FRAME_BYTES".equals(k.name()))
            {
                // 256 modules x ((1 MiB - 8) / (4,080 + 8)) = 256 x 256 = 65,536 frames: consistent with
                // MAX_COROUTINES 65,536 (each frame is a heap block with an 8-byte header)
                v = 4080;
            }
            else if ("RUNTIME_RESERVE_KB".equals(k.name()) || "OBJECT_HEADER_BYTES".equals(k.name()))
            {
                v = k.min();
            }
            else if ("TICK_HZ".equals(k.name()))
            {
                v = 1000;
            }
            text.append(k.name()).append(" = ").append(v).append('\n');
        }
        final Board b = Validator.validateRules("huge", ValidatorTest.board(text.toString()), List.of());
        final Budget budget = Budget.of(b);
        for (final Budget.Line line : budget.lines())
        {
            assertTrue(line.bytes() >= 0 || line.label().startsWith("less the frames"), line.toString());
        }
        // 4,096 channels of 65,536 x 4,096-byte messages alone are 2^40 bytes.
        assertTrue(budget.total() > 1L << 40, () -> Numbers.group(budget.total()));
        assertFalse(budget.fits());
        assertThrows(ConfigException.class, () -> Validator.validate("huge", ValidatorTest.board(text.toString()),
            List.of()));
    }

    @Provide
    Arbitrary<Map<String, Long>> overrides()
    {
        final List<Key> tunables = Schema.keys().stream().filter(k -> Key.Kind.TUNABLE == k.kind()).toList();
        return Arbitraries.of(tunables).flatMap(k -> small(k).map(v -> Map.entry(k.name(), v))).list().ofMaxSize(10)
            .map(entries ->
            {
                final Map<String, Long> m = new LinkedHashMap<>();
                entries.forEach(e -> m.put(e.getKey(), e.getValue()));
                return m;
            });
    }

    /** In-range values, biased small so that many configurations fit the budget. */
    private static Arbitrary<Long> small(final Key k)
    {
        return Arbitraries.longs().between(k.min(), Math.min(k.max(), Math.max(k.min(), 4096))).map(v -> switch (k.rule())
        {
            case POWER_OF_TWO -> Math.max(k.min(), Long.highestOneBit(v));
            case POWER_OF_TWO_OR_ZERO -> Long.highestOneBit(v);
            case MULTIPLE_OF_4 -> Math.max(k.min(), v / 4 * 4);
            case MULTIPLE_OF_8 -> Math.max(k.min(), v / 8 * 8);
            case NONE -> v;
        });
    }
}
