using System.Text;
using System.Text.RegularExpressions;
using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Push;

/// <summary>
/// The README's "Connect your PBX" recipes, run as written: each recipe's settings (the <c>Cti__…=…</c> lines of its
/// bash block) configure a fresh service, and each of its <c>curl</c> lines must get the answer shown below it.
/// </summary>
public sealed partial class ConnectYourPbxTests
{
    private const string Section = "## Connect your PBX";

    public sealed record Post(string Method, string Path, string? Body, IReadOnlyList<(string Name, string Value)> Headers, int Status, string Answer);

    public sealed record Recipe(string Name, IReadOnlyDictionary<string, string> Settings, IReadOnlyList<Post> Posts);

    /// <summary>The recipes of the README's section: one per <c>###</c> heading that has a bash block with a curl line.</summary>
    public static IReadOnlyList<Recipe> Read()
    {
        var readme = File.ReadAllText(Path.Combine(ThrowawayCluster.RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("\n" + Section + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the README has no section '{Section}'");
        var end = readme.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];

        var recipes = new List<Recipe>();
        foreach (var part in section.Split("\n### ").Skip(1))
        {
            var name = part[..part.IndexOf('\n', StringComparison.Ordinal)].Trim();
            var settings = new Dictionary<string, string>();
            var posts = new List<Post>();
            foreach (Match block in BashBlock().Matches(part))
            {
                var lines = block.Groups[1].Value.Split('\n');
                for (var i = 0; i < lines.Length; i++)
                {
                    if (Setting().Match(lines[i]) is { Success: true } setting)
                    {
                        settings[setting.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal)] = setting.Groups[2].Value;
                    }
                    else if (lines[i].StartsWith("curl ", StringComparison.Ordinal))
                    {
                        var shown = lines.Skip(i + 1).TakeWhile(l => l.StartsWith("# ", StringComparison.Ordinal)).Select(l => l[2..]).ToList();
                        posts.Add(Curl(lines[i], shown));
                    }
                }
            }
            if (posts.Count > 0)
            {
                recipes.Add(new Recipe(name, settings, posts));
            }
        }
        return recipes;
    }

    /// <summary>A curl line as a request: <c>-X</c>, <c>-H</c>, <c>--data</c> and the URL; the answer shown, with its status if not 200.</summary>
    private static Post Curl(string line, IReadOnlyList<string> shown)
    {
        var words = Words(line).Skip(1).ToList();
        var (method, body, url) = ("GET", (string?)null, "");
        var headers = new List<(string, string)>();
        for (var i = 0; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-X": method = words[++i]; break;
                case "-H": var header = words[++i].Split(':', 2); headers.Add((header[0].Trim(), header[1].Trim())); break;
                case "-d" or "--data": body = words[++i]; method = method == "GET" ? "POST" : method; break;
                default: url = words[i]; break;
            }
        }
        Assert.True(shown.Count > 0, $"the README shows no answer below: {line}");
        var answer = string.Join("\n", shown);
        var status = StatusFirst().Match(answer) is { Success: true } s ? int.Parse(s.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 200;
        return new Post(method, new Uri(url).PathAndQuery, body, headers, status, status == 200 ? answer : answer[4..]);
    }

    /// <summary>A shell line's words, with double quotes grouping (the README's curl lines use no other quoting).</summary>
    private static IEnumerable<string> Words(string line)
    {
        var word = new StringBuilder();
        var (quoted, any) = (false, false);
        foreach (var c in line)
        {
            if (c == '"')
            {
                (quoted, any) = (!quoted, true);
            }
            else if (c == ' ' && !quoted)
            {
                if (any || word.Length > 0)
                {
                    yield return word.ToString();
                }
                (word, any) = (new StringBuilder(), false);
            }
            else
            {
                word.Append(c);
            }
        }
        if (any || word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    public static TheoryData<string> RecipeNames() => new(Read().Select(r => r.Name));

    [Fact]
    public void The_readme_has_a_recipe_for_each_pbx_people_ask_about()
    {
        var names = Read().Select(r => r.Name).ToList();
        foreach (var pbx in new[] { "generic protocol", "sipgate.io", "Placetel", "Asterisk", "FreePBX", "3CX" })
        {
            Assert.Contains(names, n => n.Contains(pbx, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [MemberData(nameof(RecipeNames))]
    public async Task Each_recipes_curl_lines_get_the_answers_the_readme_shows(string name)
    {
        var recipe = Read().Single(r => r.Name == name);
        await using var app = new SqliteApp();
        foreach (var (key, value) in recipe.Settings)
        {
            app.Settings[key] = value;
        }
        var client = app.CreateClient();

        foreach (var post in recipe.Posts)
        {
            using var request = new HttpRequestMessage(new HttpMethod(post.Method), post.Path)
            {
                // What curl --data sends: the bytes as written, as a form.
                Content = post.Body is null ? null : new ByteArrayContent(Encoding.UTF8.GetBytes(post.Body)) { Headers = { { "Content-Type", "application/x-www-form-urlencoded" } } },
            };
            foreach (var (header, value) in post.Headers)
            {
                request.Headers.Add(header, value);
            }
            using var response = await client.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();

            Assert.True((int)response.StatusCode == post.Status, $"{post.Path} {post.Body}: expected {post.Status}, got {(int)response.StatusCode}: {answer}");
            Assert.Equal(post.Answer, answer);
        }
    }

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex(@"^(?:export )?(Cti__\S+?)=(\S+)$")]
    private static partial Regex Setting();

    [GeneratedRegex(@"^(\d{3}) ")]
    private static partial Regex StatusFirst();
}
