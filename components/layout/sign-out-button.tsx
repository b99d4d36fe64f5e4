import { signOutEverywhere } from "@/app/actions/sign-out";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  return (
    <form action={signOutEverywhere}>
      <Button variant="secondary" type="submit">
        Sign out
      </Button>
    </form>
  );
}
