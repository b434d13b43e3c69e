/*
 * fake-asterisk: the Asterisk side of the relay bench (docs/performance.md), N externalMedia channels.
 *
 * One UDP socket per channel on 127.0.0.1, each sending a 160-byte mu-law RTP frame every 20 ms to the
 * app's RTP socket (the channels spread evenly over the 20 ms, as independent calls are) and receiving the
 * app's frames on the same socket. Each frame sent carries CLOCK_MONOTONIC (Java's System.nanoTime) in its
 * first 8 payload bytes, then MAGIC. Frames coming back with MAGIC are the bench agent's audio.
 *
 * Written in C for one reason: the kernel's receive timestamp (SO_TIMESTAMPNS). On loopback it is taken
 * inside the app's sendto(), so "RTP out" is measured exactly, however busy this process's core is.
 *
 * Driven over stdin/stdout by io.callbridge.bench.NativeAsterisk:
 *   argv[1] = N            -> prints "PORTS p1 p2 ... pN"
 *   "GO port deadline from to"  (app RTP port; one playout tick deadline; measurement window, all ns)
 *   "STOPSEND"             -> stops sending
 *   "COUNT"                -> prints "COUNT a": agent frames received so far (to wait for queues to drain)
 *   "STOP"                 -> stops receiving, prints one line of JSON, exits
 * Build: gcc -O2 -pthread -o fake-asterisk fake-asterisk.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TICK 20000000LL
#define FRAME 160
#define HEADER 12
#define MAGIC 0xCB0BE7C4u
#define BUCKETS 100000 /* 1 us each, up to 100 ms */

typedef struct {
    long long counts[BUCKETS + 1];
    long long n;
    long long max;
} hist;

static int n;
static int *fds;
static long long *sent, *received, *audio_in;
static int *last_seq;
static long long gaps, silence_in_window, received_in_window, frames_in_window, sent_in_window;
static long long app_deadline, win_from, win_to, real_minus_mono;
static hist egress, egress_user, send_lag;
static atomic_int stop_tx, stop_rx;

static long long now_ns(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void record(hist *h, long long ns) {
    long long us = ns < 0 ? 0 : ns / 1000;
    h->counts[us > BUCKETS ? BUCKETS : us]++;
    h->n++;
    if (h->n == 1 || ns > h->max) h->max = ns;
}

static double pct(const hist *h, double q) {
    if (h->n == 0) return -1;
    long long rank = (long long) (q * h->n + 0.999999), seen = 0;
    for (int i = 0; i <= BUCKETS; i++) {
        seen += h->counts[i];
        if (seen >= rank) return i == BUCKETS ? h->max / 1e6 : (i + 1) / 1000.0;
    }
    return h->max / 1e6;
}

static void print_hist(const char *name, const hist *h) {
    if (h->n == 0) {
        printf("\"%s\":{\"n\":0}", name);
        return;
    }
    printf("\"%s\":{\"n\":%lld,\"p50\":%.3f,\"p99\":%.3f,\"p995\":%.3f,\"p999\":%.3f,\"max\":%.6f}", name, h->n,
           pct(h, 0.50), pct(h, 0.99), pct(h, 0.995), pct(h, 0.999), h->max / 1e6);
}

static long long floor_mod(long long a, long long m) {
    long long r = a % m;
    return r < 0 ? r + m : r;
}

static void *tx(void *arg) {
    (void) arg;
    unsigned char p[HEADER + FRAME];
    uint16_t *seq = calloc(n, sizeof *seq);
    uint32_t *ts = calloc(n, sizeof *ts), *ssrc = calloc(n, sizeof *ssrc);
    for (int i = 0; i < n; i++) {
        seq[i] = rand() & 0xFFFF;
        ts[i] = rand();
        ssrc[i] = rand();
    }
    memset(p, 0xFF, sizeof p);
    long long t0 = now_ns(CLOCK_MONOTONIC), period = 0;
    int i = 0;
    while (!atomic_load(&stop_tx)) {
        long long due = t0 + period * TICK + i * TICK / n;
        long long now = now_ns(CLOCK_MONOTONIC);
        if (due > now) {
            struct timespec d = {due / 1000000000LL, due % 1000000000LL};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &d, NULL);
            continue;
        }
        if (now >= win_from && now < win_to) record(&send_lag, now - due);
        p[0] = 0x80;
        p[1] = 0; /* PCMU */
        p[2] = seq[i] >> 8;
        p[3] = seq[i];
        uint32_t t = htonl(ts[i]), s = htonl(ssrc[i]);
        memcpy(p + 4, &t, 4);
        memcpy(p + 8, &s, 4);
        long long stamp = now_ns(CLOCK_MONOTONIC);
        for (int k = 0; k < 8; k++) p[HEADER + k] = (unsigned char) (stamp >> (56 - 8 * k));
        uint32_t m = htonl(MAGIC);
        memcpy(p + HEADER + 8, &m, 4);
        if (send(fds[i], p, sizeof p, 0) == (ssize_t) sizeof p) {
            sent[i]++;
            if (stamp >= win_from && stamp < win_to) sent_in_window++;
        }
        seq[i]++;
        ts[i] += FRAME;
        if (++i == n) {
            i = 0;
            period++;
        }
    }
    return NULL;
}

static void received_frame(int i, const unsigned char *p, ssize_t len, long long kernel, long long user) {
    received[i]++;
    int seq = (p[2] << 8) | p[3];
    if (last_seq[i] >= 0 && seq != ((last_seq[i] + 1) & 0xFFFF)) gaps++;
    last_seq[i] = seq;
    int in_window = kernel >= win_from && kernel < win_to;
    if (in_window) received_in_window++;
    uint32_t m;
    if (len >= HEADER + FRAME) memcpy(&m, p + HEADER + 8, 4);
    if (len < HEADER + FRAME || ntohl(m) != MAGIC) {
        if (in_window) silence_in_window++;
        return;
    }
    audio_in[i]++;
    long long agent_sent = 0;
    for (int k = 0; k < 8; k++) agent_sent = (agent_sent << 8) | p[HEADER + k];
    if (agent_sent < win_from || agent_sent >= win_to) return;
    frames_in_window++;
    long long deadline = kernel - floor_mod(kernel - app_deadline, TICK); /* the tick that sent it */
    record(&egress, kernel - deadline);
    record(&egress_user, user - deadline);
}

static void *rx(void *arg) {
    (void) arg;
    int ep = epoll_create1(0);
    for (int i = 0; i < n; i++) {
        struct epoll_event e = {.events = EPOLLIN, .data.u32 = (uint32_t) i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &e);
    }
    struct epoll_event events[1024];
    unsigned char buf[2048];
    char control[256];
    while (!atomic_load(&stop_rx)) {
        int k = epoll_wait(ep, events, 1024, 100);
        for (int e = 0; e < k; e++) {
            int i = (int) events[e].data.u32;
            for (;;) {
                struct iovec iov = {buf, sizeof buf};
                struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                                     .msg_controllen = sizeof control};
                ssize_t len = recvmsg(fds[i], &msg, MSG_DONTWAIT);
                if (len < 0) break; /* EAGAIN, or ECONNREFUSED once the app has gone */
                long long user = now_ns(CLOCK_MONOTONIC), kernel = user;
                for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
                    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
                        struct timespec t;
                        memcpy(&t, CMSG_DATA(c), sizeof t);
                        kernel = t.tv_sec * 1000000000LL + t.tv_nsec - real_minus_mono;
                    }
                }
                received_frame(i, buf, len, kernel, user);
            }
        }
    }
    return NULL;
}

static long long sum(const long long *v) {
    long long s = 0;
    for (int i = 0; i < n; i++) s += v[i];
    return s;
}

int main(int argc, char **argv) {
    if (argc != 2 || (n = atoi(argv[1])) <= 0) {
        fprintf(stderr, "usage: fake-asterisk N\n");
        return 2;
    }
    fds = calloc(n, sizeof *fds);
    sent = calloc(n, sizeof *sent);
    received = calloc(n, sizeof *received);
    audio_in = calloc(n, sizeof *audio_in);
    last_seq = calloc(n, sizeof *last_seq);
    printf("PORTS");
    for (int i = 0; i < n; i++) {
        int fd = socket(AF_INET, SOCK_DGRAM, 0), one = 1, rcvbuf = 256 << 10;
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        socklen_t alen = sizeof a;
        if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) != 0
            || setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) != 0
            || bind(fd, (struct sockaddr *) &a, sizeof a) != 0 || getsockname(fd, (struct sockaddr *) &a, &alen) != 0) {
            perror("socket");
            return 1;
        }
        fds[i] = fd;
        last_seq[i] = -1;
        printf(" %d", ntohs(a.sin_port));
    }
    printf("\n");
    fflush(stdout);

    char line[256];
    int app_port;
    if (!fgets(line, sizeof line, stdin)
        || sscanf(line, "GO %d %lld %lld %lld", &app_port, &app_deadline, &win_from, &win_to) != 4) {
        fprintf(stderr, "expected GO port deadline from to\n");
        return 2;
    }
    struct sockaddr_in app = {.sin_family = AF_INET, .sin_port = htons(app_port),
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    for (int i = 0; i < n; i++) {
        if (connect(fds[i], (struct sockaddr *) &app, sizeof app) != 0) {
            perror("connect");
            return 1;
        }
    }
    /* Kernel timestamps are CLOCK_REALTIME: take the offset to CLOCK_MONOTONIC from the tightest of 100 reads. */
    long long best = -1;
    for (int k = 0; k < 100; k++) {
        long long m1 = now_ns(CLOCK_MONOTONIC), r = now_ns(CLOCK_REALTIME), m2 = now_ns(CLOCK_MONOTONIC);
        if (best < 0 || m2 - m1 < best) {
            best = m2 - m1;
            real_minus_mono = r - (m1 + m2) / 2;
        }
    }
    pthread_t rx_thread, tx_thread;
    pthread_create(&rx_thread, NULL, rx, NULL);
    pthread_create(&tx_thread, NULL, tx, NULL);
    pthread_setname_np(rx_thread, "asterisk-rx");
    pthread_setname_np(tx_thread, "asterisk-tx");

    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "STOPSEND", 8) == 0) {
            atomic_store(&stop_tx, 1);
            pthread_join(tx_thread, NULL);
        } else if (strncmp(line, "COUNT", 5) == 0) {
            printf("COUNT %lld\n", sum(audio_in)); /* racy read of the rx thread's counters: a progress figure */
            fflush(stdout);
        } else if (strncmp(line, "STOP", 4) == 0) {
            break;
        }
    }
    atomic_store(&stop_tx, 1);
    atomic_store(&stop_rx, 1);
    pthread_join(rx_thread, NULL);
    printf("{\"sent\":%lld,\"sentInWindow\":%lld,\"received\":%lld,\"audioIn\":%lld,\"gaps\":%lld,"
           "\"silenceInWindow\":%lld,\"receivedInWindow\":%lld,\"framesInWindow\":%lld,",
           sum(sent), sent_in_window, sum(received), sum(audio_in), gaps, silence_in_window, received_in_window,
           frames_in_window);
    print_hist("egress", &egress);
    printf(",");
    print_hist("egressUser", &egress_user);
    printf(",");
    print_hist("sendLag", &send_lag);
    printf("}\n");
    fflush(stdout);
    return 0;
}
