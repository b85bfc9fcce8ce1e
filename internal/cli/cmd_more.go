package cli

// moreCommands lists the commands beyond the language ones.
func moreCommands() []*command {
	return []*command{
		renderCommand(), simCommand(), planCommand(), applyCommand(), destroyCommand(),
		showCommand(), unlockCommand(), graphCommand(), driftCommand(),
	}
}
