"""Installing the companion on the buyer's computer: starting it by itself at login (autostart.py)."""
