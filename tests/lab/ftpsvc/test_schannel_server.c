/* pasvports lab: can this Wine's Schannel be the server side of a TLS session? Explicit FTPS
 * (AUTH TLS) in the lab FTP service needs it; this test records the answer (README.md, "FTPS").
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * In process, no sockets: a self-signed certificate (CryptoAPI key, exportable) and a certificate
 * imported from a PFX each get inbound credentials; an Schannel client's
 * ClientHello is handed to AcceptSecurityContext and the tokens are passed back and forth until
 * both sides are done; then one FTP reply is encrypted by the server and decrypted by the client.
 * Under Wine the server half is todo_if(wine): a Wine whose Schannel accepts shows up as a
 * failure here, the cue to build FTPS in the lab server.
 * APIs: "AcceptSecurityContext (Schannel)",
 * https://learn.microsoft.com/en-us/windows/win32/secauthn/acceptsecuritycontext--schannel ;
 * "Creating a Secure Connection Using Schannel",
 * https://learn.microsoft.com/en-us/windows/win32/secauthn/creating-a-secure-connection-using-schannel ;
 * "CertCreateSelfSignCertificate",
 * https://learn.microsoft.com/en-us/windows/win32/api/wincrypt/nf-wincrypt-certcreateselfsigncertificate ;
 * "PFXImportCertStore",
 * https://learn.microsoft.com/en-us/windows/win32/api/wincrypt/nf-wincrypt-pfximportcertstore */
#define SECURITY_WIN32
#include <windows.h>
#include <wincrypt.h>
#include <security.h>
#include <schannel.h>
#include <string.h>
#include "testlib.h"

#define CONTAINER L"pasvlab-ftps-probe"
#define MAX_ROUNDS 8

static BOOL under_wine(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version") != NULL;
}

static PCCERT_CONTEXT self_signed_cert(void)
{
    HCRYPTPROV prov = 0;
    HCRYPTKEY key = 0;
    BYTE name[128];
    DWORD name_len = sizeof(name);
    CERT_NAME_BLOB subject = {0};
    CRYPT_KEY_PROV_INFO kpi = {0};
    PCCERT_CONTEXT cert = NULL;

    CryptAcquireContextW(&prov, CONTAINER, MS_ENHANCED_PROV_W, PROV_RSA_FULL, CRYPT_DELETEKEYSET);
    prov = 0;
    if (!ok(CryptAcquireContextW(&prov, CONTAINER, MS_ENHANCED_PROV_W, PROV_RSA_FULL, CRYPT_NEWKEYSET),
            "CryptAcquireContext(new key container) error %lu", GetLastError()))
        return NULL;
    if (ok(CryptGenKey(prov, AT_KEYEXCHANGE, (2048u << 16) | CRYPT_EXPORTABLE, &key),
           "CryptGenKey(RSA 2048, exportable) error 0x%08lx", GetLastError())
        && ok(CertStrToNameW(X509_ASN_ENCODING, L"CN=127.0.0.1", CERT_X500_NAME_STR, NULL, name,
                             &name_len, NULL), "CertStrToName error %lu", GetLastError())) {
        subject.cbData = name_len;
        subject.pbData = name;
        kpi.pwszContainerName = (WCHAR *)CONTAINER;
        kpi.pwszProvName = (WCHAR *)MS_ENHANCED_PROV_W;
        kpi.dwProvType = PROV_RSA_FULL;
        kpi.dwKeySpec = AT_KEYEXCHANGE;
        cert = CertCreateSelfSignCertificate(prov, &subject, 0, &kpi, NULL, NULL, NULL, NULL);
        ok(cert != NULL, "CertCreateSelfSignCertificate error 0x%08lx", GetLastError());
    }
    if (key)
        CryptDestroyKey(key);
    CryptReleaseContext(prov, 0);
    return cert;
}

/* A PFX file as a lab would load one: made once with `openssl req -x509 -newkey rsa:2048 -nodes
 * -subj "/CN=127.0.0.1/O=pasvports lab test only" -days 36500` and `openssl pkcs12 -export
 * -passout pass: -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1`, base64. A throwaway
 * key for this test only. (Wine 8.0 cannot make one: PFXExportCertStoreEx is a FIXME stub.)
 * *store receives the import's store, closed by the caller. */
static const char lab_pfx_b64[] =
    "MIIJkQIBAzCCCVcGCSqGSIb3DQEHAaCCCUgEgglEMIIJQDCCA/cGCSqGSIb3DQEHBqCCA+gwggPkAgEAMIID3QYJKoZIhvcN"
    "AQcBMBwGCiqGSIb3DQEMAQMwDgQIo4Az6RqpDW0CAggAgIIDsNdB4hzsCZmzBjPqRBt08HuMKkyGNUcD1QCCflxHz/9+Z5GN"
    "juoiG3rkeq204zLn0aNnL0HW+Qg8UEH/su7+uPUqLM2xxigJ+/65HhNqmtH20vwRbky93S4ufm19I6lPsms93UDuVQQoYJNk"
    "Q4NFSGTAyvqlGRmESxZWcIsLq3Y9VOxJsyzN5iGzzAE2e8pCXyp7Rde30iLVJ2DP3+fjEOB4JZvg5PmlheSbywrXDa7UQcOY"
    "HFnKqFIDvPUi/luURhwjvTsxbPJ+tw/rp2p+pdi8510u0CopzHtgu+YlHoC5V61y45cdSkkBpVknxY09oyrVC8m+UGG0YzQI"
    "mOrHbf2kyEYFRsot2GnjjEPjgnIWgv1VyeBn689F4UQk76IqIFG/FdaCqtBBsNV9Qpi+GT47rqYQecRT3d91yPjOI+wugpZO"
    "4qV3Bu4Vn4SEWlr6YkE13SncXS5bp4a97NgDLDejrCWntXh453E/GKMCP5CfNXTooczLmOE3RGQpjyfvzhDC10z1e196XopP"
    "GiPokVvufRTpkGRWAogOqX2T6i/zeIADMYw7FCq0rNlO/gcq8whp7oBsGwFykqO6mU5/IqC+8x3x3XHNSMCZW+OjhAXF77pL"
    "jCAOjl3GmMJoTi1sljamvGQi3i0LWDnZh5mxjs1va+Ze5HeuLWM7bSImhUwtG3Tr3Kx4ZATnjoOvS02a4C1aEMD9cz6iUkFI"
    "dNNumbM948TUDkEx2SUHLEDWK89vHYlUwDjcrkqjWNyqMadpdVW+1fuEtZuzJBe0rAZIXjSVILc0ZS0VgARqN4JIEpPNO9AY"
    "Xr9Ag3vf+/mxrLs8waShJRB6eU4mbxEljdtcuFXxzWE1RGzsdzoF1S7W5eCDmihYBLfM/wO45thESLMRNVZVXf0y4eTZ4vWV"
    "HvWNq6c/wYjJutSHabyxcs+gBIusH2d4hELVkzDeMl7ZRAihKLDR2yDH3iyYAdTIXGX8eY96uyHNKHOZPMwkKE4kYSvXNmKR"
    "NI8fXygb5Pp4Lg5rLgp6dfkYOwlVcmPxT7KY6z0Xq6AgvJ6gJ2BzfszQb3LVvpz7Chg2bB58IFouVBPS5kjEwF+MNVblGN09"
    "1gif0SuGsg28T0HjCnSbtLS5gkoioOVSCiOyeJs/q2sW0t8MJ7GCnC2ex6ieusUlP+HYMkMkfEQ8OyKwhYQQ/qx2fs/9meLZ"
    "Fj/+8b0mPJt0/Ccl9rh57JZByu23AcegxdwHYlw2T1lS0fLt7k6KK24p9hKOMIIFQQYJKoZIhvcNAQcBoIIFMgSCBS4wggUq"
    "MIIFJgYLKoZIhvcNAQwKAQKgggTuMIIE6jAcBgoqhkiG9w0BDAEDMA4ECK9prLi1JP97AgIIAASCBMhLSpUj7KJpIeeGaxqg"
    "qPDgHnHcWo8hHhvk/cwNY5l2vnzOf8/uCfDRDiVFaJpo3P3huk7JAkpqs1zhD8L1F6mn93oqQsqgK1gg53piQ2SgaWWiXsms"
    "4KTvyZJuSjqoS8oAAAHFBhPq6tKxteBy6A5O/dfIBWpnTBJSin0KCOBLPDOhhYd/Ei0iEEtjfYCzlYT3pj5TSuiacUcSwAhl"
    "YU436dSEIMLai9jLLZsgGVQpdse9eoCGWdoTkW0CKXKMo3uURuE55RB8h7cuuWXfaUdCuZVn9cCmiB3Y/VjT7472NmgqQ8tT"
    "2SZn1AMX5tBsdRWuFo5r5K9lqNJt8KKOb5PNBQhbK4+/uVBOqQdTbK/rzEG9bzcCMr7tRtEm3eGnYFBvQjxTVIMP+QkC6yX/"
    "RDgbpemf9BFHMGIWbXGbjOsgOOFT2X78BKNWytSBAbFNABLoV41wO+U9NINQhnMGIOHLjUo14PzibJc/8Z68oTPakdkjEWlZ"
    "nW3ww7JphDkWJ3LhttmXUI9rO+LiFcRLdod9UnpAFHYK8eP75UXGhmUOO0iX0wvL5gqfL6id/W5QW2j8nFWZS6ECIAoQrexJ"
    "eXDTb9GL7qqA92ZlzkM78USnwYFsKGp0n02q5JPP9HjVKjW2uJAoAwSKHH3T0u928yRt5CEPnnV2V04wApARloH6PVXxxEUh"
    "NGyChcoq/2TeQPxn04FAAnMEtd232lW90o2nAS3KlTkJH8Tr0K1EwF6uzMGRa9NKroxHn3w4Fy6cSUqtHAITUD2dB3mnnvlU"
    "r2mk5hyqqsWd2c49XJ/SYDJRva7rlU3e5OolFBXk9kj4rH2OYs5rX1Knq/VYFc4iF1zNjvB4CjYCjsQIkcU32PW68erm5Obl"
    "ZvkeozSe03JWSvEMwU7Lk56+8VKvhziv6atPXVKNQ0rND9ueOl4SeGUpgpFembftbha9tDiusfIJT1Ds7yytgEEVGF1F+WwW"
    "Pso1nadcy6jOARKTJzW9bg1yWN4BU5R0V7hiPppJK3kl5VlfIhPdpw/6n3qrmZs+W1MFSk8hflE3vDdWjww2/jCjNdtrqOif"
    "Y6WbwprMEhxUaIjDXSsNZ4ij+D1QAbdbqlZRTNQJ1o9U2ENOvmR6yjlBp87Q/H61mhZRgZlhlppby9WwYKH/D8DX+6pbskD+"
    "vE0CO+QiO4dB60fJM3TdcP9KpyDT2Jr3JzjD1VcojuwaVKK0fxj3HMXxfD0sKOdM9q9PX5lsJmcLO+eW13wZDVpstaSAF9DS"
    "FlBmeGaKy6vYBgixp1pLxnVa1QmOrqM5FtsnQV2ERh0gMLMSbLKsYNV1erGC0s+VLXPj5yomkZiY8uKei6t33LxOtFh59UlF"
    "3faHZQ12jqq/wHFXcz1wMnltWsEdYm0wDa3NekvYrgILz5gCb+BR6USmmRNY14aqDCQWR8zwQVlwh5mVw1mKsfmavwqNL9j0"
    "Sdg3sHad0YMTfJp3rAPf9vZESkKOcVcGsl3tMBN8id/jUUHggGd8EfshYXUYAtKxX1ela/0qUM0jLyL6cxJdZyc0a5CAoAZr"
    "baE/XhpY+RXsn9G1luY5lZnUoXpVKK43h5L+ZPkLzXPnW1Sc6qdYjVcIxqZ7chN8MQWXD7rUz1R99NAxJTAjBgkqhkiG9w0B"
    "CRUxFgQUTI/5tXjbG6F7ZfNySd9ohJf6ZDgwMTAhMAkGBSsOAwIaBQAEFClkzzHkqTdINgDbhfaUnbbx6RnTBAjUigrJAQOO"
    "kQICCAA=";

static PCCERT_CONTEXT pfx_import(HCERTSTORE *store)
{
    BYTE pfx_bytes[4096];
    DWORD len = sizeof(pfx_bytes);
    CRYPT_DATA_BLOB pfx;
    PCCERT_CONTEXT found = NULL;

    *store = NULL;
    if (!ok(CryptStringToBinaryA(lab_pfx_b64, 0, CRYPT_STRING_BASE64, pfx_bytes, &len, NULL, NULL),
            "the embedded PFX decodes: error %lu", GetLastError()))
        return NULL;
    pfx.cbData = len;
    pfx.pbData = pfx_bytes;
    *store = PFXImportCertStore(&pfx, L"", CRYPT_EXPORTABLE);
    if (!ok(*store != NULL, "PFXImportCertStore error 0x%08lx", GetLastError()))
        return NULL;
    found = CertFindCertificateInStore(*store, X509_ASN_ENCODING, 0, CERT_FIND_ANY, NULL, NULL);
    ok(found != NULL, "the PFX holds the certificate");
    return found;
}

typedef struct {
    CtxtHandle ctx;
    BOOL have_ctx, done;
    BYTE in[32768];
    ULONG in_len;
} side;

/* One step of one side: consume its pending input, append its output to the peer's input. */
static SECURITY_STATUS step(CredHandle *cred, side *me, side *peer, BOOL server)
{
    SecBuffer ib[2], ob[1];
    SecBufferDesc ibd = {SECBUFFER_VERSION, 2, ib}, obd = {SECBUFFER_VERSION, 1, ob};
    ULONG attrs = 0;
    SECURITY_STATUS st;

    ib[0].BufferType = SECBUFFER_TOKEN;
    ib[0].pvBuffer = me->in;
    ib[0].cbBuffer = me->in_len;
    ib[1].BufferType = SECBUFFER_EMPTY;
    ib[1].pvBuffer = NULL;
    ib[1].cbBuffer = 0;
    ob[0].BufferType = SECBUFFER_TOKEN;
    ob[0].pvBuffer = NULL;
    ob[0].cbBuffer = 0;
    if (server)
        st = AcceptSecurityContext(cred, me->have_ctx ? &me->ctx : NULL, &ibd,
                                   ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_STREAM | ASC_REQ_CONFIDENTIALITY,
                                   0, &me->ctx, &obd, &attrs, NULL);
    else
        st = InitializeSecurityContextW(cred, me->have_ctx ? &me->ctx : NULL, (SEC_WCHAR *)L"127.0.0.1",
                                        ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM | ISC_REQ_CONFIDENTIALITY
                                        | ISC_REQ_MANUAL_CRED_VALIDATION, 0, 0,
                                        me->have_ctx ? &ibd : NULL, 0, &me->ctx, &obd, &attrs, NULL);
    if (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED)
        me->have_ctx = TRUE;
    if (st == SEC_E_OK)
        me->done = TRUE;
    if (ib[1].BufferType == SECBUFFER_EXTRA && ib[1].cbBuffer && ib[1].cbBuffer <= me->in_len) {
        memmove(me->in, me->in + me->in_len - ib[1].cbBuffer, ib[1].cbBuffer);
        me->in_len = ib[1].cbBuffer;
    } else if (st != SEC_E_INCOMPLETE_MESSAGE) {
        me->in_len = 0;
    }
    if (ob[0].pvBuffer) {
        if (ob[0].cbBuffer <= sizeof(peer->in) - peer->in_len) {
            memcpy(peer->in + peer->in_len, ob[0].pvBuffer, ob[0].cbBuffer);
            peer->in_len += ob[0].cbBuffer;
        }
        FreeContextBuffer(ob[0].pvBuffer);
    }
    return st;
}

/* The server encrypts an FTP reply, the client decrypts it. */
static void check_record(side *srv, side *cli)
{
    static const char text[] = "234 AUTH command ok. Expecting TLS Negotiation.\r\n";
    SecPkgContext_StreamSizes sizes;
    static BYTE rec[4096];
    SecBuffer b[4];
    SecBufferDesc bd = {SECBUFFER_VERSION, 4, b};
    SECURITY_STATUS st;
    ULONG i, total;

    st = QueryContextAttributesW(&srv->ctx, SECPKG_ATTR_STREAM_SIZES, &sizes);
    if (!ok(st == SEC_E_OK, "server stream sizes 0x%08lx", (unsigned long)st))
        return;
    b[0].BufferType = SECBUFFER_STREAM_HEADER; b[0].pvBuffer = rec; b[0].cbBuffer = sizes.cbHeader;
    b[1].BufferType = SECBUFFER_DATA; b[1].pvBuffer = rec + sizes.cbHeader; b[1].cbBuffer = sizeof(text) - 1;
    b[2].BufferType = SECBUFFER_STREAM_TRAILER; b[2].pvBuffer = rec + sizes.cbHeader + sizeof(text) - 1;
    b[2].cbBuffer = sizes.cbTrailer;
    b[3].BufferType = SECBUFFER_EMPTY; b[3].pvBuffer = NULL; b[3].cbBuffer = 0;
    memcpy(b[1].pvBuffer, text, sizeof(text) - 1);
    st = EncryptMessage(&srv->ctx, 0, &bd, 0);
    if (!ok(st == SEC_E_OK, "server EncryptMessage 0x%08lx", (unsigned long)st))
        return;
    total = b[0].cbBuffer + b[1].cbBuffer + b[2].cbBuffer;
    b[0].BufferType = SECBUFFER_DATA; b[0].pvBuffer = rec; b[0].cbBuffer = total;
    for (i = 1; i < 4; i++) {
        b[i].BufferType = SECBUFFER_EMPTY; b[i].pvBuffer = NULL; b[i].cbBuffer = 0;
    }
    st = DecryptMessage(&cli->ctx, &bd, 0, NULL);
    ok(st == SEC_E_OK, "client DecryptMessage 0x%08lx", (unsigned long)st);
    for (i = 0; i < 4; i++)
        if (b[i].BufferType == SECBUFFER_DATA)
            ok(b[i].cbBuffer == sizeof(text) - 1 && !memcmp(b[i].pvBuffer, text, b[i].cbBuffer),
               "the client reads the server's reply: %.*s", (int)b[i].cbBuffer, (char *)b[i].pvBuffer);
}

static void test_server(const char *label, PCCERT_CONTEXT cert, BOOL wine)
{
    SCHANNEL_CRED sc = {0}, cc = {0};
    CredHandle scred, ccred;
    BOOL have_s = FALSE, have_c = FALSE;
    side *srv = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(side));
    side *cli = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(side));
    SECURITY_STATUS st, first_accept = SEC_E_OK;
    int round;

    if (!srv || !cli || !cert)
        goto done;
    sc.dwVersion = SCHANNEL_CRED_VERSION;
    sc.cCreds = 1;
    sc.paCred = &cert;
    st = AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)UNISP_NAME_W, SECPKG_CRED_INBOUND, NULL, &sc,
                                   NULL, NULL, &scred, NULL);
    have_s = st == SEC_E_OK;
    ok(have_s, "%s: inbound credentials (Schannel finds the private key): 0x%08lx", label, (unsigned long)st);
    cc.dwVersion = SCHANNEL_CRED_VERSION;
    cc.dwFlags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS;
    st = AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)UNISP_NAME_W, SECPKG_CRED_OUTBOUND, NULL, &cc,
                                   NULL, NULL, &ccred, NULL);
    have_c = st == SEC_E_OK;
    ok(have_c, "%s: outbound credentials 0x%08lx", label, (unsigned long)st);
    if (!have_s || !have_c)
        goto done;
    st = step(&ccred, cli, srv, FALSE);
    ok(st == SEC_I_CONTINUE_NEEDED && srv->in_len > 0, "%s: the client writes a ClientHello (0x%08lx, %lu bytes)",
       label, (unsigned long)st, srv->in_len);
    for (round = 0; round < MAX_ROUNDS && !(srv->done && cli->done); round++) {
        if (srv->in_len && !srv->done) {
            st = step(&scred, srv, cli, TRUE);
            if (round == 0)
                first_accept = st;
            if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED)
                break;
        }
        if (cli->in_len && !cli->done) {
            st = step(&ccred, cli, srv, FALSE);
            if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED)
                break;
        }
    }
    trace("%s: first AcceptSecurityContext 0x%08lx, last status 0x%08lx after %d rounds", label,
          (unsigned long)first_accept, (unsigned long)st, round);
    todo_if(wine) ok(first_accept == SEC_I_CONTINUE_NEEDED,
                     "%s: AcceptSecurityContext answers the ClientHello (got 0x%08lx; 0x80090302 is "
                     "SEC_E_UNSUPPORTED_FUNCTION: no server side in this Schannel)", label,
                     (unsigned long)first_accept);
    todo_if(wine) ok(srv->done && cli->done, "%s: the handshake completes on both sides", label);
    if (srv->done && cli->done)
        check_record(srv, cli);
done:
    if (srv && srv->have_ctx)
        DeleteSecurityContext(&srv->ctx);
    if (cli && cli->have_ctx)
        DeleteSecurityContext(&cli->ctx);
    if (have_s)
        FreeCredentialsHandle(&scred);
    if (have_c)
        FreeCredentialsHandle(&ccred);
    HeapFree(GetProcessHeap(), 0, srv);
    HeapFree(GetProcessHeap(), 0, cli);
}

int main(void)
{
    BOOL wine = under_wine();
    HCERTSTORE pfx_store = NULL;
    PCCERT_CONTEXT cert = self_signed_cert();
    PCCERT_CONTEXT imported = NULL;
    HCRYPTPROV prov = 0;

    test_server("self-signed", cert, wine);
    imported = pfx_import(&pfx_store);
    test_server("PFX import", imported, wine);
    if (imported)
        CertFreeCertificateContext(imported);
    if (pfx_store)
        CertCloseStore(pfx_store, 0);
    if (cert)
        CertFreeCertificateContext(cert);
    CryptAcquireContextW(&prov, CONTAINER, MS_ENHANCED_PROV_W, PROV_RSA_FULL, CRYPT_DELETEKEYSET);
    return test_summary("lab.ftpsvc.schannel_server");
}
