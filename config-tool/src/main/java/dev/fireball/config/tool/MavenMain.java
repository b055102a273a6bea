package dev.fireball.config.tool;

import picocli.CommandLine;

/**
 * Entry point for {@code exec:java}, which runs inside Maven's own JVM: the same commands as
 * {@link ConfigTool}, but a failure is thrown, never {@code System.exit}, so Maven stays alive and
 * reports BUILD FAILURE with the problems in the message.
 */
public final class MavenMain
{
    private MavenMain()
    {
    }

    /**
     * @throws ConfigException          when a board configuration has problems (the build's error message)
     * @throws IllegalArgumentException on a usage error or a missing file
     */
    public static void main(final String[] args)
    {
        run(ConfigTool.commandLine(), args);
    }

    static void run(final CommandLine cmd, final String[] args)
    {
        // picocli prints and swallows what a handler throws, so keep the failure and throw it after.
        final Exception[] failure = new Exception[1];
        cmd.setExecutionExceptionHandler((ex, c, parseResult) ->
        {
            failure[0] = ex;
            return 1;
        });
        final int code = cmd.execute(args);
        if (failure[0] instanceof RuntimeException e)
        {
            throw e;
        }
        if (null != failure[0])
        {
            throw new IllegalStateException(failure[0].getMessage(), failure[0]);
        }
        if (0 != code)
        {
            throw new IllegalArgumentException("config-tool " + String.join(" ", args) + ": bad arguments (usage printed "
                + "above), exit code " + code);
        }
    }
}
