package io.kulta.prometheus;

import io.kulta.core.analysis.PromAnswer;
import io.kulta.core.analysis.PromAnswer.Problem;
import io.kulta.core.analysis.PromQuery;
import io.kulta.core.analysis.PrometheusAddress;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks Prometheus through one fixed client: a POST of the form-encoded query to
 * {@code <address>/api/v1/query}. The address is data: it never becomes a Camel endpoint URI, so no
 * placeholder in a Rollout is ever resolved. Addresses that are invalid or outside the allowed prefixes
 * are refused without a request. Credentials go only to addresses the operator chose (the default
 * address, or under an explicitly allowed prefix), so a Rollout cannot send them elsewhere.
 */
public final class PrometheusClient {
    private final PrometheusSettings settings;
    private final HttpClient http;
    private final PrometheusAnswers answers = new PrometheusAnswers();

    public PrometheusClient(PrometheusSettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.caFile() != null) builder.sslContext(trusting(settings));
        this.http = builder.build();
    }

    /** The answers in the order of the queries; after an address is unreachable its other queries are not sent. */
    public List<PromAnswer> ask(List<PromQuery> queries) {
        List<PromAnswer> out = new ArrayList<>();
        Map<String, PromAnswer> unreachable = new HashMap<>();
        for (PromQuery q : queries) {
            PromAnswer down = unreachable.get(q.prometheus());
            PromAnswer a = down != null ? PromAnswer.failed(q, down.problem(), down.error()) : askOne(q);
            if (a.problem() == Problem.UNREACHABLE) unreachable.put(q.prometheus(), a);
            out.add(a);
        }
        return out;
    }

    PromAnswer askOne(PromQuery q) {
        String address = q.prometheus();
        String problem = PrometheusAddress.problem(address).orElse(null);
        if (problem != null) return PromAnswer.failed(q, Problem.REFUSED, "Prometheus address refused: " + problem);
        String host = PrometheusAddress.host(address);
        if (!settings.allowed().isEmpty() && !operatorChose(address))
            return PromAnswer.failed(q, Problem.REFUSED, host + " is not allowed: the address is outside KULTA_PROMETHEUS_ALLOWED");
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address.replaceAll("/+$", "") + "/api/v1/query"))
                    .timeout(settings.timeout())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(PrometheusAnswers.formBody(q)));
            if (operatorChose(address)) {
                settings.headers().forEach(request::header);
                if (settings.bearerTokenFile() != null) request.header("Authorization", "Bearer " + token(q));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return withoutSecrets(answers.parse(q, response.body(), response.statusCode()));
        } catch (TokenUnreadable e) {
            return PromAnswer.failed(q, Problem.UNREACHABLE, "cannot read KULTA_PROMETHEUS_BEARER_TOKEN_FILE; " + host + " not asked");
        } catch (HttpTimeoutException e) {
            return PromAnswer.failed(q, Problem.UNREACHABLE, host + " unreachable: no answer within " + settings.timeout().toSeconds() + "s");
        } catch (IOException e) {
            return PromAnswer.failed(q, Problem.UNREACHABLE, host + " unreachable: " + why(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PromAnswer.failed(q, Problem.UNREACHABLE, host + " not asked: interrupted");
        }
    }

    /** The default address, or one under a prefix the operator listed in KULTA_PROMETHEUS_ALLOWED. */
    private boolean operatorChose(String address) {
        return settings.defaultAddress() != null && PrometheusAddress.within(address, List.of(settings.defaultAddress()))
                || PrometheusAddress.within(address, settings.allowed());
    }

    private String token(PromQuery q) {
        try {
            return Files.readString(settings.bearerTokenFile()).trim();
        } catch (IOException e) {
            throw new TokenUnreadable();
        }
    }

    /** Belt and braces: Prometheus' error text never carries the token or a header value, even if a proxy echoes them. */
    private PromAnswer withoutSecrets(PromAnswer a) {
        if (a.error() == null) return a;
        String error = a.error();
        List<String> secrets = new ArrayList<>(settings.headers().values());
        if (settings.bearerTokenFile() != null) {
            try {
                secrets.add(Files.readString(settings.bearerTokenFile()).trim());
            } catch (IOException e) {
                // nothing to hide then
            }
        }
        for (String s : secrets) if (s.length() >= 4) error = error.replace(s, "***");
        return new PromAnswer(a.query(), a.series(), error, a.problem());
    }

    private static String why(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof ConnectException || e instanceof ConnectException) return "connection refused";
        if (root instanceof UnknownHostException) return "unknown host";
        if (root instanceof SSLException || e instanceof SSLException) return "TLS handshake failed (is KULTA_PROMETHEUS_CA_FILE its CA?)";
        return root.getClass().getSimpleName();
    }

    private static SSLContext trusting(PrometheusSettings settings) {
        try (InputStream in = Files.newInputStream(settings.caFile())) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) store.setCertificateEntry("ca-" + i++, c);
            if (i == 0) throw new IllegalArgumentException("KULTA_PROMETHEUS_CA_FILE " + settings.caFile() + " holds no PEM certificate");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("KULTA_PROMETHEUS_CA_FILE " + settings.caFile() + " is not a readable PEM certificate file: "
                    + e.getMessage(), e);
        }
    }

    private static final class TokenUnreadable extends RuntimeException {
        TokenUnreadable() {
            super(null, null, false, false);
        }
    }
}
