"""The command-line subcommands, one module a family of commands. None of them imports textual."""
