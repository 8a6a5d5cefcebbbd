"""The catalogs at the bottom of the layers: indicators, regions, zones and peer groups as
the files under data/ define them, their names and aliases, units, and the region tree.

Imports nothing of the project, so every other package may import it.
"""
