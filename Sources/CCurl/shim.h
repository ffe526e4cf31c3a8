#ifndef ALPHARADAR_CCURL_SHIM_H
#define ALPHARADAR_CCURL_SHIM_H

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>

// curl_easy_setopt and curl_easy_getinfo are variadic macros in C, which Swift cannot call.
// These typed wrappers give each argument kind its own entry point.

static inline CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode ccurl_setopt_data_callback(CURL *handle, CURLoption option, ccurl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

// CURLVERSION_NOW is a macro Swift cannot import.
static inline curl_version_info_data *ccurl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

typedef int (*ccurl_xferinfo_callback)(void *context, curl_off_t download_total, curl_off_t download_now,
                                       curl_off_t upload_total, curl_off_t upload_now);

// CURLOPT_XFERINFOFUNCTION has its own callback shape (it is how a transfer is cancelled mid-flight).
static inline CURLcode ccurl_setopt_xferinfo_callback(CURL *handle, ccurl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

static inline CURLcode ccurl_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

// CURL_GLOBAL_ALL is a macro of macros; call it here so Swift need not spell it.
static inline CURLcode ccurl_global_init_all(void) {
    return curl_global_init(CURL_GLOBAL_ALL);
}

// A share handle for easy handles used on several threads at once. libcurl calls back to lock each kind
// of shared data; the mutexes live next to the handle so the pair is created and freed together.
// Only the DNS cache and TLS sessions are shared: libcurl does not support sharing the connection cache
// between concurrent threads, so connections are reused per easy handle instead.
typedef struct {
    CURLSH *handle;
    pthread_mutex_t locks[CURL_LOCK_DATA_LAST];
} ccurl_share;

static inline void ccurl_share_lock(CURL *handle, curl_lock_data data, curl_lock_access access, void *context) {
    (void)handle; (void)access;
    pthread_mutex_lock(&((ccurl_share *)context)->locks[data]);
}

static inline void ccurl_share_unlock(CURL *handle, curl_lock_data data, void *context) {
    (void)handle;
    pthread_mutex_unlock(&((ccurl_share *)context)->locks[data]);
}

static inline void ccurl_share_free(ccurl_share *share) {
    if (share == NULL) return;
    if (share->handle != NULL) curl_share_cleanup(share->handle);
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++) pthread_mutex_destroy(&share->locks[i]);
    free(share);
}

static inline ccurl_share *ccurl_share_new(void) {
    ccurl_share *share = (ccurl_share *)calloc(1, sizeof(ccurl_share));
    if (share == NULL) return NULL;
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++) pthread_mutex_init(&share->locks[i], NULL);
    share->handle = curl_share_init();
    if (share->handle == NULL
        || curl_share_setopt(share->handle, CURLSHOPT_LOCKFUNC, ccurl_share_lock) != CURLSHE_OK
        || curl_share_setopt(share->handle, CURLSHOPT_UNLOCKFUNC, ccurl_share_unlock) != CURLSHE_OK
        || curl_share_setopt(share->handle, CURLSHOPT_USERDATA, (void *)share) != CURLSHE_OK
        || curl_share_setopt(share->handle, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK
        || curl_share_setopt(share->handle, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK) {
        ccurl_share_free(share);
        return NULL;
    }
    return share;
}

// Attaches an easy handle to a share (CURLOPT_SHARE takes a CURLSH pointer).
static inline CURLcode ccurl_setopt_share(CURL *handle, ccurl_share *share) {
    return curl_easy_setopt(handle, CURLOPT_SHARE, share->handle);
}

#endif
