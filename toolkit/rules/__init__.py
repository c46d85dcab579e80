"""Stage 3, the rules of spec/rules.md: the 台账's L* rules (log), the tables' R* rules (table, identities),
the cross-year rules (years) and the working-day calendar the reply deadlines are counted in (workdays)."""
