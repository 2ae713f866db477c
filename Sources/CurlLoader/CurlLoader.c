#include "CurlLoader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    char *(*version)(void);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[512];

#define BIND(field, name)                                                           \
    do {                                                                            \
        *(void **)(&api.field) = dlsym(lib, name);                                  \
        if (!api.field) {                                                           \
            strncpy(load_error, "libcurl.so.4 lacks " name, sizeof load_error - 1); \
            return;                                                                 \
        }                                                                           \
    } while (0)

static void load(void) {
    void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        strncpy(load_error, why ? why : "dlopen(libcurl.so.4) failed", sizeof load_error - 1);
        return;
    }
    BIND(global_init, "curl_global_init");
    BIND(easy_init, "curl_easy_init");
    BIND(easy_cleanup, "curl_easy_cleanup");
    BIND(easy_reset, "curl_easy_reset");
    BIND(easy_perform, "curl_easy_perform");
    BIND(easy_strerror, "curl_easy_strerror");
    BIND(easy_setopt, "curl_easy_setopt");
    BIND(easy_getinfo, "curl_easy_getinfo");
    BIND(slist_append, "curl_slist_append");
    BIND(slist_free_all, "curl_slist_free_all");
    BIND(version, "curl_version");
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        strncpy(load_error, "curl_global_init failed", sizeof load_error - 1);
        api.easy_init = NULL;
    }
}

int wp_curl_load(char *error, unsigned long capacity) {
    pthread_once(&once, load);
    if (api.easy_init && load_error[0] == 0) return 0;
    if (error && capacity) {
        strncpy(error, load_error, capacity - 1);
        error[capacity - 1] = 0;
    }
    return -1;
}

CURL *wp_curl_easy_init(void) { return api.easy_init(); }
void wp_curl_easy_cleanup(CURL *h) { api.easy_cleanup(h); }
void wp_curl_easy_reset(CURL *h) { api.easy_reset(h); }
CURLcode wp_curl_easy_perform(CURL *h) { return api.easy_perform(h); }
const char *wp_curl_easy_strerror(CURLcode c) { return api.easy_strerror(c); }
CURLcode wp_curl_setopt_long(CURL *h, CURLoption o, long v) { return api.easy_setopt(h, o, v); }
CURLcode wp_curl_setopt_pointer(CURL *h, CURLoption o, const void *v) { return api.easy_setopt(h, o, v); }
CURLcode wp_curl_setopt_offset(CURL *h, CURLoption o, curl_off_t v) { return api.easy_setopt(h, o, v); }
CURLcode wp_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return api.easy_getinfo(h, i, v); }
struct curl_slist *wp_curl_slist_append(struct curl_slist *l, const char *s) { return api.slist_append(l, s); }
void wp_curl_slist_free_all(struct curl_slist *l) { api.slist_free_all(l); }
const char *wp_curl_version(void) { return api.version(); }
