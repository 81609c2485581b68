namespace Switchboard.Nlu.Sentiment;

/// <summary>
/// English polar words and phrases for customer-support language, grouped by weight. Phrases are matched on whole
/// words, longest first, so "never arrived" is one negative cue rather than a negator and a neutral verb.
/// </summary>
internal static class EnglishSentimentWords
{
    /// <summary>Entries separated by '|', grouped by weight.</summary>
    public static readonly (double Weight, string Entries)[] Groups =
    [
        (-3.0, "terrible|horrible|awful|worst|disgusting|disgusted|scam|scammed|scammers|fraud|fraudulent|hate|hated|" +
            "pathetic|atrocious|abysmal|appalling|outrageous|unacceptable|nightmare|garbage|trash|rubbish|livid|" +
            "furious|rip off|ripoff|ripped off|waste of money|waste of time|never again|worst ever|disgrace|crap|" +
            "shameful|lawsuit|stole|stolen"),
        (-2.5, "angry|useless|thanks for nothing|not delivered|never delivered|wasn't delivered|never showed up|" +
            "not what i ordered|disappointed|disappointing|disappointment|frustrated|frustrating|rude|incompetent|" +
            "ridiculous|lied|liar|liars|cheated|misleading|unhappy|never arrived|never received|never came|never got|" +
            "not received|still waiting|still not|not working|doesn't work|didn't work|does not work|did not work|" +
            "stopped working|hasn't arrived|has not arrived|haven't received|have not received|didn't receive|" +
            "did not receive|not refunded|no refund yet|no response|no reply|no answer|fed up|sick of|tired of|" +
            "broken|defective|faulty|damaged|overcharged|charged twice|double charged|unusable|unreliable|" +
            "unprofessional|unhelpful|dissatisfied|unsatisfied|hopeless|sucks|suck|sucked|dreadful|annoyed|upset"),
        (-2.0, "bad|poor|dislike|don't like|didn't like|do not like|did not like|wrong|failed|failure|fails|fail|annoying|complain|complaint|complaints|mess|messed up|" +
            "mistake|mistakes|error|errors|crash|crashes|crashed|buggy|lost|missing|refused|ignored|ignoring|" +
            "careless|lazy|worse|sad|hassle|nonsense|expensive|overpriced|rip|cancel my account|chargeback|" +
            "dispute|worried|stuck|confusing|confused|delayed|late|slow|slowest|cheap quality"),
        (-1.5, "problem|problems|issue|issues|bug|bugs|delay|delays|difficult|inconvenient|inconvenience|" +
            "unfortunately|concerned|concern|worry|doubt|unclear|weird|strange|odd|meh|mediocre|lacking|" +
            "waiting forever|took forever|forever"),
        (1.0, "fine|ok|okay|alright|fair|decent|works|working|reasonable|acceptable|as expected"),
        (1.5, "thanks|thank|like it|liked it|thx|ty|cheers|quick|quickly|fast|easy|smooth|prompt|promptly|responsive|convenient|" +
            "affordable|accurate|fixed|patient|better|can't wait|cant wait|on time|worth it|worth"),
        (2.0, "good|nice|glad|pleased|appreciate|appreciated|appreciation|helpful|friendly|polite|kind|efficient|" +
            "reliable|recommend|recommended|resolved|solved|enjoy|enjoyed|pleasant|pleasure|satisfying|" +
            "professional|courteous|seamless|cool|thank you|many thanks|no worries"),
        (2.5, "great|happy|satisfied|lovely|impressive|impressed|grateful|thankful|best|beautiful|well done|" +
            "good job|great job|nice job|super helpful|love|loved|lifesaver|five stars|5 stars|top notch|kudos"),
        (3.0, "excellent|amazing|awesome|fantastic|wonderful|perfect|perfectly|brilliant|superb|outstanding|" +
            "delighted|thrilled|terrific|flawless|exceptional|incredible|phenomenal|marvelous|marvellous|" +
            "extraordinary|best ever"),
    ];
}
