namespace Aurora.Cli.CommandLine;

/// <summary>
/// Finds which command is starting, before System.CommandLine parses anything, so the startup timeline can begin on
/// the first line of <c>Main</c> (parsing is startup work too). Help and version runs are not timed.
/// </summary>
internal static class StartupCommandName
{
    public const string Soar = "soar";
    public const string Goals = "goals";
    public const string Init = "init";

    public static string? Find(string[] args)
    {
        string? command = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--workspace" or "-w":
                    i++; // its value is a path, not a command, even when a folder is called "soar"
                    break;
                case "--help" or "-h" or "-?" or "/?" or "/h" or "--version":
                    return null;
                case Soar or Goals or Init when command is null:
                    command = arg;
                    break;
                default:
                    break;
            }
        }

        return command;
    }
}
