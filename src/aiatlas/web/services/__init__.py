"""Operations of the site that span several apps (the demo's set-up)."""
