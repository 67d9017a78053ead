"""The rules of the daily escalation, one module per family: runs of absence, figures, penalties, illness, roll changes."""
