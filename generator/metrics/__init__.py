"""The programme's KPIs and scores from an export of posts."""
