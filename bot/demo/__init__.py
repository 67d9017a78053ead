"""`absence-bot demo`: a scripted school morning, or an interactive one, on a temporary store."""
