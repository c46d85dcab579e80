"""Stage 4, counting: case rows into the official tables (cases), the inputs of a run read together and
judged across files — the same unit twice, the same case in two units (batch), the same cases counted twice
(overlap, R25) — and the roster of who must report (roster)."""
