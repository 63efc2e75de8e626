#separator \x09
#set_separator	,
#empty_field	(empty)
#unset_field	-
#path	conn
#open	2023-11-14-22-13-20
#fields	ts	uid	id.orig_h	id.orig_p	id.resp_h	id.resp_p	proto	service	duration	orig_bytes	resp_bytes	conn_state	local_orig	local_resp	missed_bytes	history	orig_pkts	orig_ip_bytes	resp_pkts	resp_ip_bytes	tunnel_parents	ip_proto
#types	time	string	addr	port	addr	port	enum	string	interval	count	count	string	bool	bool	count	string	count	count	count	count	set[string]	count
1700000000.000000	CgH3nb46z1MVVehW7e	10.0.0.1	40000	10.0.0.2	80	tcp	-	0.080000	100	200	SF	-	-	0	ShADadFf	6	352	5	412	-	6
1700000062.000000	CyfX6h20EEIrSzKfU	10.0.0.1	40000	10.0.0.2	80	tcp	-	0.020000	30	0	RSTRH	-	-	0	Dar	1	70	2	80	-	6
1700000061.000000	CRs4RAVjbvwnlBux	10.0.0.1	40100	10.0.0.2	80	tcp	-	0.002000	0	0	S1	-	-	0	ShA	2	84	1	44	-	6
#close	2023-11-14-22-14-22
