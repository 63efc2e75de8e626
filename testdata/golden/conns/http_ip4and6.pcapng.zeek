#separator \x09
#set_separator	,
#empty_field	(empty)
#unset_field	-
#path	conn
#open	2015-11-22-17-58-11
#fields	ts	uid	id.orig_h	id.orig_p	id.resp_h	id.resp_p	proto	service	duration	orig_bytes	resp_bytes	conn_state	local_orig	local_resp	missed_bytes	history	orig_pkts	orig_ip_bytes	resp_pkts	resp_ip_bytes	tunnel_parents	ip_proto
#types	time	string	addr	port	addr	port	enum	string	interval	count	count	string	bool	bool	count	string	count	count	count	count	set[string]	count
1448215091.400170	CtYzJY3s4Yl0L5QUma	172.16.16.140	53350	172.16.16.139	80	tcp	-	0.004156	77	491	SF	-	-	0	ShADadFf	6	397	4	707	-	6
1448215096.399450	CxKgDjDtmnxGHatf6	2001:db8:1:2::1002	35023	2001:db8:1:2::1000	80	tcp	-	0.004183	84	491	SF	-	-	0	ShADadFf	6	524	4	787	-	6
#close	2015-11-22-17-58-16
