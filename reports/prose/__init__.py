"""German prose written from the data for the sections of a committee report (reports.prefill calls it). Every block
ends with the date of the data it tells of; every count of persons follows the small-count rule."""
