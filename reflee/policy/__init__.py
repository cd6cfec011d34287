"""Government and youth policies (청년정책 / 공공서비스): a normalized local store, search, matching
against the profile, favourites and deadline reminders."""
