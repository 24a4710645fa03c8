import KBCommands

await KB.runAndExit()
