#separator \x09
#set_separator	,
#empty_field	(empty)
#unset_field	-
#path	conn
#open	2023-11-14-22-13-20
#fields	ts	uid	id.orig_h	id.orig_p	id.resp_h	id.resp_p	proto	service	duration	orig_bytes	resp_bytes	conn_state	local_orig	local_resp	missed_bytes	history	orig_pkts	orig_ip_bytes	resp_pkts	resp_ip_bytes	tunnel_parents	ip_proto
#types	time	string	addr	port	addr	port	enum	string	interval	count	count	string	bool	bool	count	string	count	count	count	count	set[string]	count
1700000000.000000	CgH3nb46z1MVVehW7e	10.0.0.1	40000	10.0.0.2	80	tcp	-	0.001000	0	0	REJ	-	-	0	Sr	1	44	1	40	-	6
1700000000.500000	ClsoOx3Ooq8zR3UKe9	10.0.0.1	40000	10.0.0.2	80	tcp	-	0.100000	40	0	RSTO	-	-	0	ShADaR	4	204	2	84	-	6
#close	2023-11-14-22-13-20
