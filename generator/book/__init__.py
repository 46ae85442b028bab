"""The course book: the whole course in one printed document per paper size."""
