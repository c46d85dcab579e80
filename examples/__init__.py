"""The bundled fictional county (示范县): package data for ``xxgk demo``; see README.md here."""
