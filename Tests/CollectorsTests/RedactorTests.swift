import Collectors
import RadarCore
import Testing

@Suite struct RedactorTests {
    @Test func credentialQueryValuesAreMaskedAndOthersKept() {
        #expect(Redactor.redactURL("https://api.x/v1?api_key=abc&limit=5&access_token=t&apikey=z&key=k&q=ip")
            == "https://api.x/v1?api_key=***&limit=5&access_token=***&apikey=***&key=***&q=ip")
        #expect(Redactor.redactURL("https://api.x/cb#access_token=abc&state=1") == "https://api.x/cb#access_token=***&state=1")
        #expect(Redactor.redactURL("https://api.x/v1") == "https://api.x/v1")
    }

    @Test func userInfoIsMasked() {
        #expect(Redactor.redactURL("https://alice:pw@rpc.x/") == "https://***@rpc.x/")
        #expect(Redactor.redactURL("https://rpc.x/a@b") == "https://rpc.x/a@b")
    }

    @Test func referencesStayAsTheirNames() {
        let url = SecretString(template: "https://x/${PATH_KEY}?api_key=${K}", resolved: "https://x/p4th-secret?api_key=v4lue-secret",
                               references: ["PATH_KEY", "K"])
        let redactor = Redactor(url: url)
        #expect(redactor.url == "https://x/${PATH_KEY}?api_key=${K}")
        #expect(redactor.scrub("GET https://x/p4th-secret?api_key=v4lue-secret failed; echo v4lue-secret")
            == "GET https://x/${PATH_KEY}?api_key=${K} failed; echo ${K}")
    }

    @Test func credentialHeadersAreScrubbedWithAndWithoutTheirScheme() {
        let redactor = Redactor(url: SecretString(literal: "https://x/"),
                                headers: [HTTPHeader("Authorization", "Bearer abcdefgh"), HTTPHeader("Accept", "application/json")])
        #expect(redactor.scrub("token abcdefgh rejected") == "token *** rejected")
        #expect(redactor.scrub("Bearer abcdefgh") == "***")
        #expect(redactor.scrub("application/json") == "application/json")
        #expect(HTTPHeader("Authorization", "Bearer abc").redactedValue == "***")
        #expect(HTTPHeader("X-Api-Key", "abc").redactedValue == "***")
        #expect(HTTPHeader("Accept", "text/plain").redactedValue == "text/plain")
    }

    @Test func percentEncodedSecretsAreScrubbedToo() {
        let header = HTTPHeader(name: "X-Sig", value: SecretString(template: "${SIG}", resolved: "a/b+c=d", references: ["SIG"]))
        let redactor = Redactor(url: SecretString(literal: "https://x/"), headers: [header])
        #expect(redactor.scrub("sig=a%2Fb%2Bc%3Dd") == "sig=${SIG}")
        #expect(redactor.scrub("sig=a/b+c=d") == "sig=${SIG}")
    }
}
