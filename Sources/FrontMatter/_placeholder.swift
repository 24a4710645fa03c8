enum _PlaceholderFM {}
