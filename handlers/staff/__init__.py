"""The staff side of a school: cards and taps, alerts, commands, digests and who may do what."""
