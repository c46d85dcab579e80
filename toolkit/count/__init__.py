"""Stage 4, counting: case rows into the official tables (cases), units into a roll-up, the roster of who
must report (roster)."""
