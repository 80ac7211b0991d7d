# Sourced by the pipeline benchmarks: a data server on loopback.
# start_nginx WORK ROOT PORT PROBE_URL: serves ROOT on 127.0.0.1:PORT with nginx (sendfile, no
# access log; its pid file, logs and temp files under WORK/nginx), sets NGINX_PID and waits until
# PROBE_URL answers.
start_nginx() {
    local work="$1" root="$2" port="$3" probe="$4"
    mkdir -p "$work/nginx"
    cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    sendfile on;
    client_body_temp_path $work/nginx;
    proxy_temp_path $work/nginx;
    fastcgi_temp_path $work/nginx;
    uwsgi_temp_path $work/nginx;
    scgi_temp_path $work/nginx;
    server {
        listen 127.0.0.1:$port;
        root $root;
    }
}
CONF
    nginx -c "$work/nginx.conf" -p "$work/nginx" &
    NGINX_PID=$!
    for _ in $(seq 100); do
        curl -fsS -o /dev/null -r 0-0 "$probe" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "nginx does not answer on port $port" >&2
    return 1
}
