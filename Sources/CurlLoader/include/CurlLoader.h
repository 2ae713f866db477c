// Loads libcurl by soname ("libcurl.so.4") at run time and exposes the few calls we use
// through non-variadic wrappers Swift can call. Binding by soname, never by symbol version,
// lets the same bootstrap use Debian's, Amazon Linux's or any other distribution's build.
#ifndef WATCHPOST_CURL_LOADER_H
#define WATCHPOST_CURL_LOADER_H

#include <curl/curl.h>

/// Loads libcurl once (thread-safe). Returns 0 on success; otherwise fills `error` (dlerror text).
int wp_curl_load(char *error, unsigned long errorCapacity);

CURL *wp_curl_easy_init(void);
void wp_curl_easy_cleanup(CURL *handle);
void wp_curl_easy_reset(CURL *handle);
CURLcode wp_curl_easy_perform(CURL *handle);
const char *wp_curl_easy_strerror(CURLcode code);
CURLcode wp_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode wp_curl_setopt_pointer(CURL *handle, CURLoption option, const void *value);
CURLcode wp_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode wp_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
struct curl_slist *wp_curl_slist_append(struct curl_slist *list, const char *string);
void wp_curl_slist_free_all(struct curl_slist *list);
/// The loaded library's version string, e.g. "libcurl/7.88.1 OpenSSL/3.0.15 ...".
const char *wp_curl_version(void);

#endif
