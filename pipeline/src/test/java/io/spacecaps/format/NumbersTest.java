package io.spacecaps.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Locale;

import static io.spacecaps.format.Speech.say;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NumbersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            they paid forty four billion dollars             | They paid $44 billion.
            it cost five dollars                             | It cost $5.
            it cost one dollar                               | It cost $1.
            it cost twelve hundred dollars                   | It cost $1,200.
            it cost five dollars and fifty cents             | It cost $5.50.
            it cost fifty cents                              | It cost 50 cents.
            a million dollars is a lot                       | $1 million is a lot.
            it was twenty twenty three                       | It was 2023.
            it was nineteen ninety                           | It was 1990.
            it was nineteen oh five                          | It was 1905.
            it was two thousand and eight                    | It was 2008.
            it was twenty ten                                | It was 2010.
            prices rose ten percent                          | Prices rose 10%.
            prices rose five percent                         | Prices rose 5%.
            prices rose three point five percent             | Prices rose 3.5%.
            it is three point five                           | It is 3.5.
            it is zero point two five                        | It is 0.25.
            it starts at ten thirty a m                      | It starts at 10:30 AM.
            it starts at three p m                           | It starts at 3 PM.
            it starts at ten oh five                         | It starts at 10:05.
            we met ten thirty yesterday                      | We met 10:30 yesterday.
            in two thousand we met                           | In 2000 we met.
            it cost one thousand five hundred dollars        | It cost $1,500.
            it cost five point five zero dollars             | It cost $5.50.
            it was nineteen hundred                          | It was 1900.
            one hundred twenty people came                   | 120 people came.
            on the twenty first of march                     | On the 21st of March.
            it was march twenty first                        | It was March 21st.
            in the nineteen nineties                         | In the 1990s.
            the tenth time                                   | The 10th time.
            the first time                                   | The first time.
            it opens on june first                           | It opens on June 1st.
            the third of may                                 | The 3rd of May.
            the one hundred and first day                    | The 101st day.
            we have two kids                                 | We have two kids.
            forty four people came                           | 44 people came.
            one hundred and twenty people came               | 120 people came.
            a hundred people came                            | A hundred people came.
            a hundred and fifty people came                  | 150 people came.
            twelve people came                               | 12 people came.
            ten thousand people came                         | 10,000 people came.
            five thousand people came                        | 5,000 people came.
            two million five hundred thousand people         | 2,500,000 people.
            three hundred million people                     | 300 million people.
            one point five billion people                    | 1.5 billion people.
            a million people                                 | A million people.
            one of the best                                  | One of the best.
            the one i like                                   | The one I like.
            no one knows                                     | No one knows.
            once upon a time                                 | Once upon a time.
            one two three                                    | One two three.
            it's twenty one                                  | It's 21.
            """)
    void spokenNumbersAsWritten(String spoken, String written) {
        assertEquals(written, say(spoken));
    }

    @Test
    void theJvmLocaleDoesNotChangeTheDigits() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertEquals("It cost $1,200 and 3.5%.", say("it cost twelve hundred dollars and three point five percent"));
        } finally {
            Locale.setDefault(before);
        }
    }
}
