-- An address is the alias of one user at most (the API answers 409 otherwise; this holds under races too).
create unique index if not exists dbaliases_alias_unique_idx on dbaliases (alias_username, alias_domain);
