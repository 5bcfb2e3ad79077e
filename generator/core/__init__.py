"""The ground floor: errors and positions, FR/EN text, dates, colours, atomic files and zips.

Imports nothing else of the package."""
