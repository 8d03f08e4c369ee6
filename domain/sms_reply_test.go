package domain

import "testing"

func TestRepliesInSevenLanguages(t *testing.T) {
	tests := []struct {
		text string
		want ReplyIntent
	}{
		{"AFMELD", ReplyCancel}, {"afmeld", ReplyCancel}, {" Afmeld! ", ReplyCancel},
		{"STOP", ReplyStop}, {"Stop.", ReplyStop}, {"NEJ", ReplyStop}, {"nej tak", ReplyStop},
		{"CANCEL", ReplyCancel}, {"cancel please", ReplyCancel}, {"No", ReplyStop},
		{"إلغاء", ReplyCancel}, {"الغاء", ReplyCancel}, {"إِلْغَاء", ReplyCancel}, {"توقف", ReplyStop},
		{"BAAJI", ReplyCancel}, {"Jooji", ReplyStop},
		{"İPTAL", ReplyCancel}, {"iptal", ReplyCancel}, {"IPTAL", ReplyCancel}, {"HAYIR", ReplyStop}, {"hayır", ReplyStop}, {"DUR", ReplyStop},
		{"منسوخ", ReplyCancel}, {"بند", ReplyStop}, {"نہیں", ReplyStop},
		{"لغو", ReplyCancel}, {"نه", ReplyStop},
		{"Hej, kan min søn også komme?", ReplyOther}, {"", ReplyOther}, {"stopwatch", ReplyOther},
		{"Jeg vil gerne afmelde", ReplyOther},
	}
	for _, tt := range tests {
		if got := ParseReply(tt.text); got != tt.want {
			t.Errorf("ParseReply(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
