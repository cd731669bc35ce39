"""Site-wide pages and layout: the public web catalog."""
