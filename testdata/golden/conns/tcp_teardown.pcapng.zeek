#separator \x09
#set_separator	,
#empty_field	(empty)
#unset_field	-
#path	conn
#open	2010-01-07-22-49-10
#fields	ts	uid	id.orig_h	id.orig_p	id.resp_h	id.resp_p	proto	service	duration	orig_bytes	resp_bytes	conn_state	local_orig	local_resp	missed_bytes	history	orig_pkts	orig_ip_bytes	resp_pkts	resp_ip_bytes	tunnel_parents	ip_proto
#types	time	string	addr	port	addr	port	enum	string	interval	count	count	string	bool	bool	count	string	count	count	count	count	set[string]	count
1262904550.425302	Cd4Azi2DT48kzArZDc	172.16.16.128	3363	67.228.110.120	80	tcp	-	0.460318	0	0	SF	-	-	0	^fAFa	2	80	2	80	-	6
#close	2010-01-07-22-49-10
