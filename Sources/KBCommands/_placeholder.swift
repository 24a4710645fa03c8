enum _PlaceholderKBCommands {}
