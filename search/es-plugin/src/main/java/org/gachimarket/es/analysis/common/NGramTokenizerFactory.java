package org.gachimarket.es.analysis.common;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;

import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * {@code ngram} and {@code edge_ngram} tokenizers: {@code min_gram} (1), {@code max_gram} (2),
 * {@code token_chars} (letter, digit, whitespace, punctuation, symbol, custom; empty = all
 * characters) and {@code custom_token_chars}. The ngram one obeys index.max_ngram_diff.
 */
public class NGramTokenizerFactory extends AbstractTokenizerFactory {
    private final int minGram;
    private final int maxGram;
    private final boolean edge;
    private final IntPredicate tokenChars; // null: every character is a token character

    public NGramTokenizerFactory(IndexSettings indexSettings, String name, Settings settings, boolean edge) {
        super(name);
        this.edge = edge;
        this.minGram = settings.getAsInt("min_gram", 1);
        this.maxGram = settings.getAsInt("max_gram", 2);
        if (!edge) {
            NGramLimits.checkDiff(indexSettings, minGram, maxGram, "NGram Tokenizer");
        }
        this.tokenChars = parseTokenChars(settings);
    }

    static IntPredicate parseTokenChars(Settings settings) {
        List<String> classes = settings.getAsList("token_chars");
        if (classes.isEmpty()) {
            return null;
        }
        IntPredicate result = c -> false;
        boolean custom = false;
        for (String raw : classes) {
            String cls = raw.toLowerCase(Locale.ROOT).trim();
            IntPredicate p = switch (cls) {
                case "letter" -> Character::isLetter;
                case "digit" -> Character::isDigit;
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> c -> switch (Character.getType(c)) {
                    case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                        Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                        Character.OTHER_PUNCTUATION -> true;
                    default -> false;
                };
                case "symbol" -> c -> switch (Character.getType(c)) {
                    case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                        Character.OTHER_SYMBOL -> true;
                    default -> false;
                };
                case "custom" -> {
                    custom = true;
                    String chars = settings.get("custom_token_chars");
                    if (chars == null) {
                        throw new IllegalArgumentException("Token type: [custom] requires setting [custom_token_chars]");
                    }
                    int[] codePoints = chars.codePoints().toArray();
                    yield c -> {
                        for (int cp : codePoints) {
                            if (cp == c) {
                                return true;
                            }
                        }
                        return false;
                    };
                }
                default -> throw new IllegalArgumentException(
                    "Unknown token type: '" + cls + "', must be one of [symbol, custom, whitespace, letter, punctuation, digit]"
                );
            };
            result = result.or(p);
        }
        if (!custom && settings.get("custom_token_chars") != null) {
            throw new IllegalArgumentException("Custom token chars defined but token_chars does not include [custom]");
        }
        return result;
    }

    @Override
    public Tokenizer create() {
        final IntPredicate chars = tokenChars;
        if (edge) {
            if (chars == null) {
                return new EdgeNGramTokenizer(minGram, maxGram);
            }
            return new EdgeNGramTokenizer(minGram, maxGram) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return chars.test(chr);
                }
            };
        }
        if (chars == null) {
            return new NGramTokenizer(minGram, maxGram);
        }
        return new NGramTokenizer(minGram, maxGram) {
            @Override
            protected boolean isTokenChar(int chr) {
                return chars.test(chr);
            }
        };
    }
}
