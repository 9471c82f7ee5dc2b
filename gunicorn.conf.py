"""gunicorn settings for consult.

Rule 1: the access log never carries the client address, user agent or
referrer: only the request line, status, size and duration.
"""

import os

bind = os.environ.get("CONSULT_BIND", "127.0.0.1:5000")
workers = int(os.environ.get("CONSULT_WORKERS", "2"))
threads = int(os.environ.get("CONSULT_THREADS", "4"))
worker_class = "gthread"
accesslog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("CONSULT_FORWARDED_ALLOW_IPS", "127.0.0.1")
timeout = 60
# gunicorn 27 opens a control socket in ~/.gunicorn by default, shared by every
# gunicorn on the host; consult does not use it.
control_socket_disable = True
