"""The companion booklet the person keeps, in their language."""
