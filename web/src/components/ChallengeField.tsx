import { useId } from "react";
import type { MemberStatusSubscription } from "../gql/graphql";

export type Challenge = MemberStatusSubscription["memberStatus"]["challenges"][number];

interface FieldProps {
  challenge: Challenge;
  value: string;
  onChange: (value: string) => void;
}

/** IMAGE_DATA carries bare base64 (a PNG in MX Bank's case) or already a data URI. */
function imageSource(data: string): string {
  return data.startsWith("data:") ? data : `data:image/png;base64,${data}`;
}

function TextAnswer({ challenge, value, onChange, oneTimeCode }: FieldProps & { oneTimeCode: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{challenge.label ?? "Answer"}</label>
      <input
        id={id}
        type="text"
        required
        autoComplete={oneTimeCode ? "one-time-code" : "off"}
        inputMode={oneTimeCode ? "numeric" : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

function Choices({ challenge, value, onChange, withImages }: FieldProps & { withImages: boolean }) {
  const labelId = useId();
  const name = useId();
  const options: Array<{ label: string; value: string; image?: string | null }> = withImages
    ? challenge.imageOptions.map((o) => ({ label: o.label, value: o.value, image: o.dataUri }))
    : challenge.options;
  return (
    <div className="field">
      <p id={labelId} className="question">
        {challenge.label ?? "Choose one"}
      </p>
      <div role="radiogroup" aria-labelledby={labelId} className={withImages ? "image-grid" : "choices"}>
        {options.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="radio"
              name={name}
              value={option.value}
              required
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            {option.image && <img src={option.image} alt="" />}
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </div>
  );
}

/** The input for one challenge, by type, labelled by the challenge's label. */
export function ChallengeField(props: FieldProps) {
  const { challenge } = props;
  switch (challenge.type) {
    case "OPTIONS":
      return <Choices {...props} withImages={false} />;
    case "IMAGE_OPTIONS":
      return <Choices {...props} withImages />;
    case "IMAGE_DATA":
      return (
        <>
          {challenge.imageData && (
            <img
              className="challenge-image"
              src={imageSource(challenge.imageData)}
              alt="Image from your bank"
            />
          )}
          <TextAnswer {...props} oneTimeCode={false} />
        </>
      );
    case "TOKEN":
      return <TextAnswer {...props} oneTimeCode />;
    default:
      return <TextAnswer {...props} oneTimeCode={false} />;
  }
}
