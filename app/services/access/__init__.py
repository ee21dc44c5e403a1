"""Authorization in one place: who the caller is (principal), what each role may do
(policy), which rows each caller may see (scope), and the few rules that concern one kind of
record (rules). Another tenant's row is not found (404); only then does the policy decide 403
for an own-tenant row the role may not touch."""
