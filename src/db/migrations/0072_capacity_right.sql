-- The operators' right to see capacity figures and change storage quotas (ops:capacity, issue 14
-- item 6). Operators who manage organisations get it, since quotas were part of that before.
UPDATE provider.operators SET rights = array_append(rights, 'ops:capacity')
 WHERE 'ops:organisations' = ANY (rights) AND NOT ('ops:capacity' = ANY (rights));
