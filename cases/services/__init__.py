"""Every write of the cases app: keyword-only, one transaction, history rows naming the acting user."""
