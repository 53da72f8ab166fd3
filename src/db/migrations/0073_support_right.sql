-- The support desk's queue (ops:support, issue 15 item 3) for operators who already look after
-- organisations, as 0072 does for capacity. Break-glass approval (ops:break-glass-approve) is not
-- given here: an operator managing operators grants it to named colleagues in the console.
UPDATE provider.operators SET rights = array_append(rights, 'ops:support')
 WHERE 'ops:organisations' = ANY (rights) AND NOT ('ops:support' = ANY (rights));
