"""Stage 3, the rules of spec/rules.md: one input through gate, reader and rules (analyse), the 台账's L*
rules (log), the tables' R* rules (table, identities), the cross-year rules R10/R11 (years) and the
working-day calendar the reply deadlines are counted in (workdays)."""
