// Why the nginx reader leaves a directive out: one short reason per directive name (or prefix)
// for everything that is not about balancing to the chosen upstream.

const BY_NAME: Record<string, string> = {
  events: 'nginx\'s worker connection handling, not about balancing',
  stream: 'TCP/UDP proxying; lbsim reads HTTP upstreams',
  mail: 'mail proxying, not about HTTP balancing',
  types: 'MIME types, not about balancing',
  map: 'variables, not about balancing',
  geo: 'variables, not about balancing',
  split_clients: 'variables, not about balancing',
  if: 'a condition lbsim does not evaluate',
  limit_except: 'a condition lbsim does not evaluate',
  health_check: 'active health checks are NGINX Plus only; open-source nginx checks passively (max_fails/fail_timeout)',
  proxy_http_version: 'HTTP version not modelled (lbsim reuses idle upstream connections whatever the version)',
  proxy_send_timeout: 'sending the request takes no time in lbsim',
  proxy_intercept_errors: 'error pages not modelled',
  proxy_redirect: 'headers not modelled',
  add_header: 'headers not modelled',
  resolver: 'DNS re-resolution not modelled',
  resolver_timeout: 'DNS re-resolution not modelled',
  keepalive_timeout: 'between clients and nginx; lbsim models the balancer-to-instance side',
  keepalive_requests: 'between clients and nginx; lbsim models the balancer-to-instance side',
  keepalive_time: 'between clients and nginx; lbsim models the balancer-to-instance side',
  send_timeout: 'between clients and nginx; lbsim models the balancer-to-instance side',
  reset_timedout_connection: 'between clients and nginx; lbsim models the balancer-to-instance side',
  grpc_pass: 'gRPC proxying not modelled',
  fastcgi_pass: 'FastCGI proxying not modelled',
  uwsgi_pass: 'uwsgi proxying not modelled',
  proxy_pass: 'proxies to a host that is not the chosen upstream',
};

const PROCESS = ['user', 'worker_processes', 'worker_rlimit_nofile', 'worker_cpu_affinity', 'worker_shutdown_timeout', 'pid', 'daemon', 'master_process', 'load_module', 'env', 'pcre_jit', 'timer_resolution', 'thread_pool', 'include'];
const LOGGING = ['error_log', 'access_log', 'log_format', 'open_log_file_cache', 'log_not_found', 'rewrite_log'];
const IO = ['sendfile', 'tcp_nopush', 'tcp_nodelay', 'aio', 'directio', 'output_buffers', 'open_file_cache'];
const SERVING = ['server_name', 'root', 'index', 'return', 'rewrite', 'try_files', 'default_type', 'charset', 'alias', 'autoindex', 'error_page', 'server_tokens', 'types_hash_max_size', 'types_hash_bucket_size', 'server_names_hash_bucket_size', 'server_names_hash_max_size', 'expires', 'etag', 'set'];
const HEADERS = ['proxy_set_header', 'proxy_hide_header', 'proxy_pass_header', 'proxy_pass_request_headers', 'proxy_pass_request_body', 'proxy_ignore_headers', 'real_ip_header', 'set_real_ip_from', 'real_ip_recursive', 'underscores_in_headers', 'ignore_invalid_headers', 'large_client_header_buffers'];
const BUFFERS = ['proxy_buffering', 'proxy_buffers', 'proxy_buffer_size', 'proxy_busy_buffers_size', 'proxy_max_temp_file_size', 'proxy_temp_file_write_size', 'proxy_temp_path', 'proxy_request_buffering'];
const ACCESS = ['allow', 'deny', 'satisfy'];

export function notModelledReason(name: string): string {
  const known = BY_NAME[name];
  if (known !== undefined) return known;
  if (PROCESS.includes(name)) return 'a process setting, not about balancing';
  if (LOGGING.includes(name)) return 'logging, not about balancing';
  if (IO.includes(name)) return 'socket and file I/O options, not about balancing';
  if (SERVING.includes(name)) return 'serving and routing requests, not about balancing';
  if (HEADERS.includes(name)) return 'headers not modelled';
  if (BUFFERS.includes(name)) return 'buffering not modelled';
  if (ACCESS.includes(name) || name.startsWith('auth_')) return 'access control not modelled';
  if (name.startsWith('ssl_') || name.startsWith('proxy_ssl')) return 'TLS not modelled';
  if (name.startsWith('gzip')) return 'compression not modelled';
  if (name.startsWith('proxy_cache') || name.startsWith('proxy_no_cache')) return 'caching not modelled';
  if (name.startsWith('limit_')) return 'rate and connection limits not modelled';
  if (name.startsWith('client_')) return 'between clients and nginx; lbsim models the balancer-to-instance side';
  if (name.startsWith('proxy_')) return 'a proxy setting lbsim does not model';
  return 'not about balancing';
}
